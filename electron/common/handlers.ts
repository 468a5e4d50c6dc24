import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/api/contract';

// The types of the handlers each domain exports: one function per contract method it implements.
// They sit below every domain, so a domain's handlers.ts needs nothing from the API folder above it.

/** One contract method's handler: its parsed input in, its output (or a promise of it) out. */
export type Handler<M extends MethodName> = (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** A handler for each of the methods named. */
export type HandlersFor<M extends MethodName> = { [K in M]: Handler<K> };

/** The contract methods whose names start with the domain's: `MethodsOf<'audits'>` is 'audits.create' | 'audits.list' | … */
export type MethodsOf<Domain extends string> = Extract<MethodName, `${Domain}.${string}`>;
