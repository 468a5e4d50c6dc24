import fs from 'node:fs';

// A long Jenkins Pipeline log for memory tests and the bench: Timestamper stamps that cross midnight,
// stages every 2,000 lines, build output with colour codes, a warning every 700 lines and an error every 5,000.

const outputs = [
  '[INFO] Compiling 214 source files to /var/lib/jenkins/workspace/payments/target/classes',
  '\u001b[32m✓\u001b[0m TokenServiceTest > retries once with jitter PASSED',
  '+ kubectl rollout status deployment/payments-api -n payments --timeout=300s',
  'Waiting for deployment "payments-api" rollout to finish: 3 of 6 updated replicas are available...',
  '\u001b[36m[payments-api]\u001b[0m GET /healthz 200 4.1ms',
  'Downloading from central: https://repo.maven.apache.org/maven2/org/slf4j/slf4j-api/2.0.13/slf4j-api-2.0.13.pom',
];

export async function writeJenkinsLog(file: string, lineCount: number): Promise<number> {
  const out = fs.createWriteStream(file);
  let time = Date.UTC(2026, 10, 30, 22, 0, 0);
  let written = 0;
  let stage = 0;
  const stamp = () => `[${new Date(time).toISOString()}] `;
  const lines: string[] = [];
  const push = (text: string) => {
    lines.push(`${stamp()}${text}\n`);
    written += 1;
    time += 17;
  };
  push('Started by user Priya Raman');
  push('Running on deploy-agent-eu-03 in /var/lib/jenkins/workspace/payments');
  while (written < lineCount - 1) {
    if (written % 2000 === 2) {
      if (stage > 0) {
        push('[Pipeline] }');
        push('[Pipeline] // stage');
      }
      stage += 1;
      push('[Pipeline] stage');
      push(`[Pipeline] { (Deploy batch ${stage})`);
    } else if (written % 5000 === 0) push(`ERROR: batch ${stage} host web-${written % 97} did not report healthy in 30 s`);
    else if (written % 700 === 0) push(`WARNING: retrying connection to web-${written % 97} (attempt 2 of 3)`);
    else push(outputs[written % outputs.length] ?? '');
    if (lines.length >= 2000) {
      if (!out.write(lines.join(''))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      lines.length = 0;
    }
  }
  push('Finished: FAILURE');
  out.end(lines.join(''));
  await new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
  return written;
}
