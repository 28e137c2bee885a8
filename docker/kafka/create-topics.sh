#!/bin/sh
# Creates every topic listed in topics.txt; --if-not-exists makes a re-run after a restart harmless.
set -eu
bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
grep -v '^#' "$(dirname "$0")/topics.txt" | while read -r name partitions policy; do
  [ -n "$name" ] || continue
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 --config "cleanup.policy=$policy"
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list
