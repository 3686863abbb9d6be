# The production image: gunicorn serving Django; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN DEBUG=true SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /app wuling && mkdir -p /app/var && chown -R wuling /app/var
USER wuling

EXPOSE 8000
CMD ["gunicorn", "-c", "wuling/gunicorn.conf.py", "wuling.wsgi:application"]
