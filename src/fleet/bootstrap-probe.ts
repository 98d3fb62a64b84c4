// What bootstrap needs to know about a host, gathered in ONE command: a sh prelude finds node, setsid and systemd,
// then node itself probes the rest (the Docker Engine over its socket: the docker CLI may be absent; free disk; what
// is installed; which supervisor and agent processes are alive, checked by pid file and command line, never by name).
// Building the command and parsing its output are pure.
import type { AgentLayout } from './bootstrap-layout';
import { bundleFileName } from './bootstrap-layout';
import { shellQuote } from './bootstrap-shell';

export interface BootstrapFacts {
  node?: { path: string; version: string };
  setsid: boolean;
  systemd: boolean;
  /** `systemctl is-active` of the agent's unit, where systemd runs. */
  unitActive?: string;
  docker: { endpoint: string; reachable: boolean; version?: string; error?: string };
  /** Free space of the file system that holds (or will hold) the agent home. */
  disk?: { path: string; freeBytes: number };
  /** sha256 of the wanted version's bundle when it is already uploaded. */
  bundleSha256?: string;
  /** Where bin/current.mjs points (a file name in bin/). */
  currentTarget?: string;
  /** The installed supervisor script and systemd unit, to compare with the wanted ones. */
  supervisorScript?: string;
  unit?: string;
  /** Pids from the pid files, when that process is alive and is what the file says. */
  supervisorPid?: number;
  agentPid?: number;
}

// Plain ES2017 so that an old node still runs it and reports its version, rather than a syntax error.
const PROBE = `
var fs = require('fs'), http = require('http'), crypto = require('crypto'), path = require('path');
var p = JSON.parse(process.argv[1]);
var out = { nodePath: process.execPath, nodeVersion: process.version };
function read(file) { try { return fs.readFileSync(file, 'utf8'); } catch (e) { return undefined; } }
function alive(pidFile, mark) {
  var pid = parseInt(read(pidFile) || '', 10);
  if (!(pid > 0)) return undefined;
  var cmdline = read('/proc/' + pid + '/cmdline');
  var stat = read('/proc/' + pid + '/stat') || '';
  var zombie = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  return !zombie && cmdline !== undefined && cmdline.split('\\0').join(' ').indexOf(mark) >= 0 ? pid : undefined;
}
try { out.bundleSha256 = crypto.createHash('sha256').update(fs.readFileSync(p.bundle)).digest('hex'); } catch (e) {}
try { out.currentTarget = fs.readlinkSync(p.link); } catch (e) {}
out.supervisorScript = read(p.script);
out.unit = read(p.unit);
out.supervisorPid = alive(p.supervisorPid, p.script);
out.agentPid = alive(p.agentPid, p.link);
var dir = p.home;
while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
try { var s = fs.statfsSync(dir); out.disk = { path: dir, freeBytes: s.bavail * s.bsize }; } catch (e) {}
var endpoint = p.dockerHost || 'unix:///var/run/docker.sock';
out.docker = { endpoint: endpoint, reachable: false };
var options = { path: '/version', timeout: 5000 };
if (endpoint.indexOf('unix://') === 0) options.socketPath = endpoint.slice(7);
else if (endpoint.indexOf('tcp://') === 0) { var u = new URL('http://' + endpoint.slice(6)); options.host = u.hostname; options.port = u.port || 2375; }
else { out.docker.error = 'unsupported DOCKER_HOST ' + endpoint; }
function done() { process.stdout.write('facts=' + JSON.stringify(out) + '\\n'); }
if (out.docker.error) done();
else {
  var req = http.get(options, function (res) {
    var body = '';
    res.on('data', function (c) { body += c; });
    res.on('end', function () {
      try { out.docker.version = JSON.parse(body).Version; out.docker.reachable = res.statusCode === 200; }
      catch (e) { out.docker.error = 'HTTP ' + res.statusCode + ' from the Docker socket'; }
      done();
    });
  });
  req.on('timeout', function () { req.destroy(new Error('no answer within 5 s')); });
  req.on('error', function (e) { out.docker.error = e.message; done(); });
}
`;

/** The sh command that prints the facts, one `key=value` per line. */
export function probeCommand(layout: AgentLayout, version: string): string {
  const params = {
    home: layout.home,
    bundle: `${layout.binDir}/${bundleFileName(version)}`,
    link: layout.currentLink,
    script: layout.supervisorScript,
    unit: layout.unitPath,
    supervisorPid: layout.supervisorPidFile,
    agentPid: layout.agentPidFile,
    dockerHost: layout.dockerHost,
  };
  return [
    'NODE=$(command -v node 2>/dev/null)',
    'echo "node=$NODE"',
    'echo "setsid=$(command -v setsid 2>/dev/null)"',
    // A host with its own BERTH_AGENT_HOME shares a machine with others (the lab): a systemd unit would run outside
    // its network namespace and environment, so it gets the pid-file supervisor started from its own session.
    `if [ -d /run/systemd/system ] && [ -z "$BERTH_AGENT_HOME" ]; then echo systemd=1; echo "unitActive=$(systemctl is-active ${shellQuote(layout.unitName)} 2>/dev/null)"; fi`,
    '[ -n "$NODE" ] || exit 0',
    'echo "nodeVersion=$("$NODE" --version 2>/dev/null)"',
    `"$NODE" -e ${shellQuote(PROBE)} ${shellQuote(JSON.stringify(params))}`,
  ].join('\n');
}

/** Reads the probe's output; a node too old to run the probe still yields its version. */
export function parseProbe(stdout: string, dockerHost?: string): BootstrapFacts {
  const lines = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) lines.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const probed = lines.has('facts') ? (JSON.parse(lines.get('facts')!) as Record<string, any>) : {};
  const nodePath = lines.get('node');
  const nodeVersion = lines.get('nodeVersion') || probed.nodeVersion;
  const facts: BootstrapFacts = {
    setsid: Boolean(lines.get('setsid')),
    systemd: lines.get('systemd') === '1',
    docker: probed.docker ?? { endpoint: dockerHost || 'unix:///var/run/docker.sock', reachable: false, error: 'not probed: node did not run' },
  };
  if (nodePath) facts.node = { path: probed.nodePath ?? nodePath, version: nodeVersion ?? 'unknown' };
  if (facts.systemd) facts.unitActive = lines.get('unitActive') || 'unknown';
  for (const key of ['disk', 'bundleSha256', 'currentTarget', 'supervisorScript', 'unit', 'supervisorPid', 'agentPid'] as const) {
    if (probed[key] !== undefined && probed[key] !== null) (facts as unknown as Record<string, unknown>)[key] = probed[key];
  }
  return facts;
}
