import { useState, type InputHTMLAttributes } from 'react';

/**
 * A text field for values that are parsed (key=value lists, comma lists): what is typed stays as typed,
 * and the parsed value is handed over when the field is left or Enter is pressed.
 */
export function CommitOnBlurInput({ value, onCommit, ...rest }: { value: string; onCommit: (text: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [text, setText] = useState(value);
  return (
    <input
      {...rest}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => onCommit(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onCommit(text);
      }}
    />
  );
}
