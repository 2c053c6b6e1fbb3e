// redisStore: a SpendStore on Redis 6 or later (or Valkey), shared by every proxy process that
// uses the same server and prefix. Each reservation is one server-side Lua script, so the check
// and the increments of all its counters happen as one step: processes and machines together
// never admit more than a limit. `client` is a connected node-redis (v4 or later) or ioredis
// client; nothing else is required of it.

// KEYS: the counters. ARGV[1]: the amount; then each counter's limit; then each one's expiry (ms
// since 1970). Admitted only if every counter stays within its limit; an amount of 0 only reads.
const RESERVE = `
local n = #KEYS
local amount = tonumber(ARGV[1])
local spent = {}
local admitted = 1
for i = 1, n do
  spent[i] = tonumber(redis.call('GET', KEYS[i]) or '0')
  if spent[i] + amount > tonumber(ARGV[1 + i]) then admitted = 0 end
end
if admitted == 1 and amount > 0 then
  for i = 1, n do
    spent[i] = redis.call('INCRBY', KEYS[i], amount)
    redis.call('PEXPIREAT', KEYS[i], ARGV[1 + n + i])
  end
end
table.insert(spent, 1, admitted)
return spent
`;

// KEYS: the counters. ARGV[1]: the change (may be negative); then each counter's expiry. No
// counter goes below 0; one at 0 is deleted (as good as absent), so refused requests leave no key.
const ADJUST = `
local delta = tonumber(ARGV[1])
for i = 1, #KEYS do
  local value = redis.call('INCRBY', KEYS[i], delta)
  if value <= 0 then
    redis.call('DEL', KEYS[i])
  else
    redis.call('PEXPIREAT', KEYS[i], ARGV[1 + i])
  end
end
return 1
`;

/** One command as the client sends it: ioredis's `call`, node-redis's `sendCommand`. */
function commander(client) {
  if (typeof client?.call === "function") return (args) => client.call(...args);
  if (typeof client?.sendCommand === "function") return (args) => client.sendCommand(args);
  throw new TypeError("redisStore needs a connected node-redis or ioredis client");
}

/**
 * A SpendStore in Redis. `prefix` (default "{seedance}:") starts every key it writes, so that
 * several deployments can share one server. Its braces are a Redis Cluster hash tag: every key of
 * a reservation's script is then in one slot, as Cluster requires (plain Redis ignores them).
 */
export function redisStore(client, { prefix = "{seedance}:" } = {}) {
  const send = commander(client);
  const keysOf = (counters) => counters.map((c) => prefix + c.key);
  return {
    async reserve(counters, amount) {
      const args = ["EVAL", RESERVE, String(counters.length), ...keysOf(counters), String(amount)];
      for (const c of counters) args.push(String(c.limit));
      for (const c of counters) args.push(String(c.expiresAt));
      const [admitted, ...spent] = (await send(args)).map(Number);
      return { admitted: admitted === 1, spent };
    },
    async adjust(counters, delta) {
      const args = ["EVAL", ADJUST, String(counters.length), ...keysOf(counters), String(delta)];
      for (const c of counters) args.push(String(c.expiresAt));
      await send(args);
    },
    async put(key, value, expiresAt) {
      const ms = Math.max(1, Math.ceil(expiresAt - Date.now()));
      await send(["SET", prefix + key, value, "PX", String(ms)]);
    },
    async get(key) {
      const value = await send(["GET", prefix + key]);
      return value == null ? null : String(value);
    },
  };
}
