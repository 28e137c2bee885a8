#!/bin/sh
# Logged in as the super user: creates the SCRAM user of every user acls.txt names, with the password from
# <USER>_KAFKA_PASSWORD (order-service: ORDER_SERVICE_KAFKA_PASSWORD), then grants exactly the ACLs of acls.txt.
# -f: no filename expansion, acls.txt names the wildcard group "*".
set -euf
kafka="${KAFKA_HOME:-/opt/kafka}"
dir="$(dirname "$0")"
bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
for user in $(grep -v '^#' "$dir/acls.txt" | awk 'NF { print $1 }' | sort -u); do
  variable="$(echo "$user" | tr 'a-z-' 'A-Z_')_KAFKA_PASSWORD"
  eval "password=\${$variable:-}"
  if [ -z "$password" ]; then
    echo "create-access: $variable is not set, so Kafka user $user would have no password" >&2
    exit 1
  fi
  "$kafka/bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$dir/admin.properties" --alter \
    --entity-type users --entity-name "$user" --add-config "SCRAM-SHA-512=[password=$password]"
done
grep -v '^#' "$dir/acls.txt" | while read -r user operation resources; do
  [ -n "$user" ] || continue
  set --
  for resource in $resources; do
    case "$resource" in
      topic:*) set -- "$@" --topic "${resource#topic:}" ;;
      group:*) set -- "$@" --group "${resource#group:}" ;;
      *) echo "create-access: unknown resource $resource" >&2; exit 1 ;;
    esac
  done
  "$kafka/bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$dir/admin.properties" --add \
    --allow-principal "User:$user" --operation "$operation" "$@"
done
"$kafka/bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$dir/admin.properties" --list
