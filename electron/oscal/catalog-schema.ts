import { z } from 'zod';

// The runtime check of what this app reads from an OSCAL catalog (1.0 and 1.1): the fields it uses
// are held to the types and patterns of NIST's published JSON schema (tokens, UUIDs, the nesting of
// groups, controls and parts); fields it does not read may be anything. The tests prove it against the
// official schema with ajv. A failure is reported as a path: `catalog.groups[2].controls[0].id: must be a token`.

const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
const DATE_TIME_WITH_ZONE = /^(((2000|2400|2800|(19|2[0-9](0[48]|[2468][048]|[13579][26])))-02-29)|(((19|2[0-9])[0-9]{2})-02-(0[1-9]|1[0-9]|2[0-8]))|(((19|2[0-9])[0-9]{2})-(0[13578]|10|12)-(0[1-9]|[12][0-9]|3[01]))|(((19|2[0-9])[0-9]{2})-(0[469]|11)-(0[1-9]|[12][0-9]|30)))T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|(-((0[0-9]|1[0-2]):00|0[39]:30)|\+((0[0-9]|1[0-4]):00|(0[34569]|10):30|(0[58]|12):45)))$/;

const text = z.string({ message: 'must be text' });
const token = text.regex(TOKEN, 'must be a token (a letter or underscore, then letters, digits, dots, hyphens or underscores)');
const list = <T extends z.ZodType>(item: T) => z.array(item, { message: 'must be a list' }).min(1, 'must hold at least one item when present');

export interface OscalPart {
  id?: string | undefined;
  name: string;
  title?: string | undefined;
  prose?: string | undefined;
  parts?: OscalPart[] | undefined;
}

export interface OscalParam {
  id: string;
  label?: string | undefined;
}

export interface OscalControl {
  id: string;
  title: string;
  class?: string | undefined;
  params?: OscalParam[] | undefined;
  parts?: OscalPart[] | undefined;
  controls?: OscalControl[] | undefined;
}

export interface OscalGroup {
  id?: string | undefined;
  title: string;
  class?: string | undefined;
  params?: OscalParam[] | undefined;
  parts?: OscalPart[] | undefined;
  groups?: OscalGroup[] | undefined;
  controls?: OscalControl[] | undefined;
}

const Param: z.ZodType<OscalParam> = z.looseObject({ id: token, label: text.optional() }, { message: 'must be an object' });

const Part: z.ZodType<OscalPart> = z.lazy(() =>
  z.looseObject({ id: token.optional(), name: token, ns: text.optional(), class: token.optional(), title: text.optional(), prose: text.optional(), parts: list(Part).optional() }, { message: 'must be an object' }),
);

const Control: z.ZodType<OscalControl> = z.lazy(() =>
  z.looseObject({ id: token, class: token.optional(), title: text, params: list(Param).optional(), parts: list(Part).optional(), controls: list(Control).optional() }, { message: 'must be an object' }),
);

const Group: z.ZodType<OscalGroup> = z.lazy(() =>
  z.looseObject(
    { id: token.optional(), class: token.optional(), title: text, params: list(Param).optional(), parts: list(Part).optional(), groups: list(Group).optional(), controls: list(Control).optional() },
    { message: 'must be an object' },
  ),
);

export const CatalogDocument = z.looseObject(
  {
    catalog: z.looseObject(
      {
        uuid: text.regex(UUID, 'must be a UUID (version 4 or 5)'),
        metadata: z.looseObject(
          {
            title: text.min(1, 'must not be empty'),
            'last-modified': text.regex(DATE_TIME_WITH_ZONE, 'must be a date and time with its zone'),
            version: text.min(1, 'must not be empty'),
            'oscal-version': text.regex(/^1\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be an OSCAL 1.x version such as 1.1.3'),
          },
          { message: 'must be an object' },
        ),
        params: list(Param).optional(),
        groups: list(Group).optional(),
        controls: list(Control).optional(),
      },
      { message: 'must be an object' },
    ),
  },
  { message: 'must be an object' },
);
export type CatalogDocument = z.infer<typeof CatalogDocument>;
