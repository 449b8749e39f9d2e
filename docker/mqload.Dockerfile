# mqload in a container: the docker-compose stack (../docker-compose.yml) and the pods of
# `mqload k8s render` (README "Many machines on Kubernetes"), which run it as uid 1000 (`node`)
# with their own `sh -c` command from WORKDIR /app.
# Build from the repository root:  docker build -f docker/mqload.Dockerfile -t mqload .
# Push for a cluster:  docker tag mqload REGISTRY/mqload:TAG && docker push REGISTRY/mqload:TAG
# Run:  docker run --rm mqload run profiles/quickstart.yaml --brokers <host:port>
# The optional librdkafka client is not built here (profiles with client: librdkafka exit 4).
FROM node:20-bookworm-slim

WORKDIR /app

# Only what `mqload run` needs; `npm ci` compiles src/ into dist/ through the `prepare` script,
# so the sources have to be in place first.
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY profiles ./profiles
RUN npm ci --no-audit --no-fund

# Prometheus /metrics of a run (--metrics-port).
EXPOSE 9464

ENTRYPOINT ["node", "bin/mqload.js"]
CMD ["run", "profiles/quickstart.yaml", "--brokers", "kafka:9092", "--metrics-host", "0.0.0.0", "--metrics-linger", "60m"]
