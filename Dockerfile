# LiveAiChat in a container. Build: docker build -t liveaichat .
# Run:   docker run -p 8000:8000 -v liveaichat-data:/app/data liveaichat
# The history (CSV files, or the KV file with STORE=kv) lives on the
# volume at /app/data; the image itself keeps nothing.
FROM denoland/deno:2.9.6

WORKDIR /app
COPY . .
# Dependencies and the client build are part of the image: the container
# starts without reaching any registry.
RUN deno install --frozen \
  && deno task build \
  && mkdir -p /app/data \
  && chown -R deno:deno /app/data

# Docker sets HOSTNAME to the container id: bind every interface
# explicitly, or the server would listen on a name nobody can reach.
ENV HOSTNAME=0.0.0.0 \
  PORT=8000 \
  DATA_DIR=./data
# The official image's unprivileged user.
USER deno
VOLUME ["/app/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["deno", "eval", "const r = await fetch(`http://127.0.0.1:${Deno.env.get('PORT')}/healthz`); Deno.exit(r.ok ? 0 : 1);"]

CMD ["deno", "task", "start"]
