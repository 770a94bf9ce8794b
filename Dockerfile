# A triage image: the sources run through tsx, so there is no build step.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
ENV TRIAGE_DATA_DIR=/data
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/triage.js"]
CMD ["serve", "--host", "0.0.0.0", "--port", "3000"]
