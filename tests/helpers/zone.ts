/** Sets the computer's time zone for a test (as a laptop set to that zone); returns how to put it back. */
export function setZone(zone: string): () => void {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  return () => {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  };
}
