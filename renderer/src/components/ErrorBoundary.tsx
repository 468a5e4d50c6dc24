import { Component, type ReactNode } from 'react';

/** A screen that fails shows what went wrong and a way on, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
  override state: { error: Error | null; key: string } = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: Error | null; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="screen">
        <div className="panel error-panel" role="alert">
          <h2>This screen could not be shown</h2>
          <p>{this.state.error.message}</p>
          <p className="muted">Your data is safe. Choose another area (Alt+1 to Alt+9), or try again.</p>
          <button
            type="button"
            onClick={() => {
              for (const key of Object.keys(sessionStorage)) if (key.startsWith('release-audit.')) sessionStorage.removeItem(key);
              this.setState({ error: null });
            }}
          >
            Try again
          </button>
        </div>
      </div>
    );
  }
}
