import { ISSUABLE_ROLES, NewToken } from '@sitroom/shared';
import { AuditRepository } from '../audit/audit.repository.js';
import { TokensRepository } from '../auth/tokens.repository.js';
import { TokensService } from '../auth/tokens.service.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { Keyspace } from '../redis/keyspace.js';
import { CLUSTER_SCHEME, createRedis } from '../redis/redis.factory.js';
import { findRedis } from '../redis/redis-location.js';

/** Someone with a shell on the server: recorded as the system acting on their behalf. */
const CLI_ACTOR = { tokenId: null, role: 'system', org: 'command line' } as const;

const USAGE = `Usage:
  npm run tokens -- create <role> [--org <org>] [--label <label>]   roles: ${ISSUABLE_ROLES.join(', ')}
  npm run tokens -- list
  npm run tokens -- revoke <id>

Talks to the same Redis the server uses (REDIS_URL, else 127.0.0.1:6379, else the private one npm start runs).`;

/** Issues and revokes tokens straight through Redis, with the server's own services: no admin token needed on the box itself. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const url = config.REDIS_CLUSTER_NODES ? CLUSTER_SCHEME + config.REDIS_CLUSTER_NODES : await findRedis(config.REDIS_URL);
  if (!url) {
    console.error('No Redis found: start SitRoom first (npm start), or set REDIS_URL.');
    return 1;
  }
  const redis = createRedis(url);
  try {
    const keys = new Keyspace(config.REDIS_PREFIX);
    const audit = new AuditRepository(redis, keys);
    const service = new TokensService(new TokensRepository(redis, keys, new ChangesRepository(redis, keys, config, audit), audit), config);
    switch (command) {
      case 'create': {
        const opts = flags(rest.slice(1));
        const spec = NewToken.safeParse({ role: rest[0], org: opts.org, label: opts.label });
        if (!spec.success) {
          console.error(spec.error.issues.map((i) => `${i.path.join('.') || 'role'}: ${i.message}`).join('\n'));
          return 2;
        }
        const issued = await service.issue(spec.data, CLI_ACTOR);
        console.log(`Created a ${issued.role} token (id ${issued.id}). It is shown once:\n\n  ${issued.token}\n`);
        if (issued.role === 'viewer') console.log(`Wall link: http://localhost:${config.PORT}/wall?token=${issued.token}`);
        return 0;
      }
      case 'list':
        for (const t of await service.list()) console.log(`${t.id}  ${t.role.padEnd(8)}  ${t.org ?? '-'}  ${t.label ?? ''}  ${t.createdAt}`);
        return 0;
      case 'revoke':
        if (!rest[0]) {
          console.error(USAGE);
          return 2;
        }
        await service.revoke(rest[0], CLI_ACTOR);
        console.log(`Revoked ${rest[0]}; its live connections are cut.`);
        return 0;
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    redis.disconnect();
  }
}

function flags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--(\w+)$/.exec(args[i]!);
    if (m && args[i + 1] !== undefined) out[m[1]!] = args[++i]!;
  }
  return out;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : (err as Error).message);
    process.exit(1);
  },
);
