#!/bin/sh
# Creates every topic listed in topics.txt as the super user; --if-not-exists makes a re-run after a restart harmless.
set -eu
kafka="${KAFKA_HOME:-/opt/kafka}"
dir="$(dirname "$0")"
bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
grep -v '^#' "$dir/topics.txt" | while read -r name partitions policy; do
  [ -n "$name" ] || continue
  "$kafka/bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$dir/admin.properties" --create \
    --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor 1 --config "cleanup.policy=$policy"
done
"$kafka/bin/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$dir/admin.properties" --list
