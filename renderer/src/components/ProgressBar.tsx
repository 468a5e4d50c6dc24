/** A progress bar that says what is happening, for eyes (stage text) and screen readers (aria values). */
export function ProgressBar({ label, fraction, stage }: { label: string; fraction: number; stage: string }) {
  const percent = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${stage}: ${percent}%`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress-stage" aria-hidden="true">
        {stage} · {percent}%
      </span>
    </div>
  );
}
