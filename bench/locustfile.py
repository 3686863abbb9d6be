"""The load benchmark's clients (bench/load.py runs locust with this file, headless).

Each client is a station officer at work, with now and then a bureau supervisor's dashboard:
lists (the API and the HTML page, now and then a search), details, new incidents, dashboards.
Credentials come from bench/load.py through the environment: API tokens and a session cookie.
"""

import os
import random
from datetime import UTC, datetime, timedelta

from locust import HttpUser, between, task

OFFICER_TOKEN = os.environ.get("BENCH_OFFICER_TOKEN", "")
BUREAU_TOKEN = os.environ.get("BENCH_BUREAU_TOKEN", "")
OFFICER_SESSION = os.environ.get("BENCH_OFFICER_SESSION", "")
IDS = [int(i) for i in os.environ.get("BENCH_INCIDENT_IDS", "").split(",") if i]
SEARCHES = ["长江二路", "王建国", "地铁站", "电动车被盗"]


class Officer(HttpUser):
    wait_time = between(0.05, 0.15)  # a little thinking time; the bench measures the server, not the client

    def on_start(self):
        self.officer = {"Authorization": f"Token {OFFICER_TOKEN}"}
        self.bureau = {"Authorization": f"Token {BUREAU_TOKEN}"}
        self.client.cookies.set("sessionid", OFFICER_SESSION)

    @task(4)
    def api_list(self):
        self.client.get("/api/v1/incidents/?page_size=25", headers=self.officer, name="API list")

    @task(2)
    def html_list(self):
        self.client.get("/cases/incidents/", name="HTML list")

    @task(1)
    def search(self):
        term = random.choice(SEARCHES)
        self.client.get(f"/api/v1/incidents/?q={term}&page_size=25", headers=self.officer, name="API search")

    @task(3)
    def detail(self):
        pk = random.choice(IDS)
        self.client.get(f"/api/v1/incidents/{pk}/", headers=self.officer, name="API detail")

    @task(1)
    def create(self):
        now = datetime.now(UTC)
        body = {
            "category": "dispute",
            "channel": "110",
            "occurred_at": (now - timedelta(minutes=30)).isoformat(),
            "reported_at": (now - timedelta(minutes=20)).isoformat(),
            "address": "长江二路12号",
            "summary": "噪音扰民",
        }
        self.client.post("/api/v1/incidents/", json=body, headers=self.officer, name="API create")

    @task(1)
    def dashboard(self):
        self.client.get("/api/v1/stats/summary/?scope=bureau&period=month", headers=self.bureau, name="dashboard")
