#!/bin/sh
# Starts the compose broker from server.properties: formats the log directory on first start, with the super user's
# SCRAM credential in it (nobody could log in to add it later), then runs the broker in the foreground.
set -eu
kafka="${KAFKA_HOME:-/opt/kafka}"
config="$(dirname "$0")/server.properties"
: "${CLUSTER_ID:?CLUSTER_ID must be set}"
: "${KAFKA_ADMIN_PASSWORD:?KAFKA_ADMIN_PASSWORD must be set}"
"$kafka/bin/kafka-storage.sh" format --ignore-formatted --cluster-id "$CLUSTER_ID" --config "$config" \
  --add-scram "SCRAM-SHA-512=[name=admin,password=$KAFKA_ADMIN_PASSWORD]"
exec "$kafka/bin/kafka-server-start.sh" "$config"
