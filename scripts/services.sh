#!/usr/bin/env bash
# Checks that the PostgreSQL and Redis the tests need are up, and starts them when they are
# installed but stopped (the commands every node-svc machine uses). Exits non-zero, loudly, when
# one cannot be reached.
set -u
ok=0

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ] || { exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 2 reply <&3 && [[ "$reply" == +PONG* ]]; } 2>/dev/null; }

if ! pg_up; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start it …"
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>&1 || true
    for _ in $(seq 1 20); do pg_up && break; sleep 0.5; done
  fi
fi
if pg_up; then echo "PostgreSQL: up (127.0.0.1:5432)"; else echo "PostgreSQL: NOT AVAILABLE on 127.0.0.1:5432" >&2; ok=1; fi

if ! redis_up; then
  echo "Redis is not answering on 127.0.0.1:6379; trying to start it …"
  if command -v redis-server >/dev/null 2>&1; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log 2>&1 || true
    for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  fi
fi
if redis_up; then echo "Redis: up (127.0.0.1:6379)"; else echo "Redis: NOT AVAILABLE on 127.0.0.1:6379" >&2; ok=1; fi

exit $ok
