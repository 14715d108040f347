FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /srv
COPY pyproject.toml README.md ./
COPY app ./app
COPY migrations ./migrations
COPY seeds ./seeds
RUN pip install .
EXPOSE 8000
CMD ["sh", "-c", "acip db upgrade && acip ingest seeds/ && acip serve --host 0.0.0.0 --port 8000"]
