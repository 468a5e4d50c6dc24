// What is wrong with one row of a list, shown on the row itself, saying it is not saved.

export function RowError({ id, message }: { id: string; message: string | null | undefined }) {
  if (!message) return null;
  return (
    <span className="row-error" id={id} role="alert">
      Not saved: {message}
    </span>
  );
}
