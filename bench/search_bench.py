"""Times the organisation search ("Send my result") on a directory of 30,000 accounts.

Run: .venv/bin/python bench/search_bench.py [--accounts N] [--searches N]

Uses a fresh SQLite file in a temporary directory unless DATABASE_URL is set (point it at
a scratch PostgreSQL database: the bench migrates it and fills the directory). The
directory is the demo one plus generated organisations, Japanese and international, with
Japanese aliases and several departments each. Prints the median and 95th percentile per
kind of query, as a candidate would type them.
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="search-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resultbridge.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from directory.models import Organisation, OrganisationAccount, OrganisationType  # noqa: E402
from directory.search import search_accounts  # noqa: E402

DEMO = ROOT / "directory" / "data" / "demo.csv"
PLACES = [
    ("Tokyo", "東京"), ("Osaka", "大阪"), ("Kyoto", "京都"), ("Nagoya", "名古屋"),
    ("Sapporo", "札幌"), ("Sendai", "仙台"), ("Fukuoka", "福岡"), ("Kobe", "神戸"),
    ("Hiroshima", "広島"), ("Yokohama", "横浜"), ("Chiba", "千葉"), ("Nara", "奈良"),
    ("Kanazawa", "金沢"), ("Okayama", "岡山"), ("Kumamoto", "熊本"), ("Niigata", "新潟"),
    ("London", ""), ("Manchester", ""), ("Toronto", ""), ("Montréal", ""), ("Sydney", ""),
    ("Melbourne", ""), ("Dublin", ""), ("München", ""), ("Paris", ""), ("Seoul", ""),
]  # fmt: skip
KINDS = [
    ("University", "大学"), ("Institute of Technology", "工業大学"),
    ("University of Foreign Studies", "外国語大学"), ("Women's University", "女子大学"),
    ("Gakuin University", "学院大学"), ("College of Nursing", "看護大学"),
    ("Trading Co., Ltd.", "商事株式会社"), ("Electric Corporation", "電機株式会社"),
]  # fmt: skip
QUALIFIERS = ["", "North", "South", "East", "West", "Central", "Metropolitan", "Prefectural",
              "International", "Christian", "Saint Mary's", "Municipal", "National"]  # fmt: skip
DEPARTMENTS = [
    ("Admissions Office", "入試課"), ("Faculty of Law", "法学部"),
    ("Faculty of Economics", "経済学部"), ("School of Engineering", "工学部"),
    ("Faculty of Letters", "文学部"), ("Graduate School of Commerce", "商学研究科"),
    ("Center for International Education", "国際センター"), ("Human Resources", "人事部"),
    ("School of Medicine", "医学部"), ("Faculty of Education", "教育学部"),
]  # fmt: skip
QUERIES = {
    "latin prefix": ["wa", "wased", "waseda", "tok", "tokyo", "univ", "osa", "kyo", "lon",
                     "mont", "montreal", "st", "saint", "keio", "sophia", "immig", "inter",
                     "nat", "ox", "harv"],
    "japanese": ["早稲田", "早稲田大学", "東", "東京", "大学", "法学部", "外国語", "慶應",
                 "上智", "出入国", "京都大学", "人事部", "商事"],
    "multi-word": ["waseda law", "univ tokyo", "tokyo law", "london school", "st mary",
                   "早稲田 法学部", "kyoto univ foreign", "university of", "faculty of law",
                   "東京 大学"],
    "full-width": ["ＷＡＳＥＤＡ", "ｔｏｋｙｏ", "ＵＮＩＶ"],
}  # fmt: skip


def fill_directory(accounts: int) -> None:
    call_command("import_organisations", str(DEMO), stdout=io.StringIO())
    rng = random.Random(961)
    organisations: dict[tuple[str, str, str], Organisation] = {}
    wanted = accounts - OrganisationAccount.objects.count()
    for organisation in _organisations(rng):
        key = (organisation.name, organisation.country, organisation.city)
        organisations.setdefault(key, organisation)
        if len(organisations) * 3 >= wanted:
            break
    Organisation.objects.bulk_create(organisations.values(), batch_size=1000)
    rows = [_accounts(rng, organisation) for organisation in organisations.values()]
    new = [account for row in rows for account in row][:wanted]
    OrganisationAccount.objects.bulk_create(new, batch_size=1000)
    if connection.vendor == "postgresql":
        # As autovacuum would soon after an import: statistics, and the trigram index's
        # pending list merged (until then the planner rightly prefers a table scan).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE directory_organisation, directory_organisationaccount")


def _organisations(rng: random.Random) -> Iterator[Organisation]:
    while True:
        (place, place_ja), (kind, kind_ja) = rng.choice(PLACES), rng.choice(KINDS)
        qualifier = rng.choice(QUALIFIERS)
        name = " ".join(part for part in (qualifier, place, kind) if part)
        suffix = rng.randrange(40)  # many similar names, as in a real directory
        name = f"{name} {suffix}" if suffix else name
        yield Organisation(
            name=name,
            country="JP" if place_ja else "GB",
            city=place,
            type=OrganisationType.EMPLOYER if "Co" in kind else OrganisationType.UNIVERSITY,
            aliases=f"{place_ja}{kind_ja}" if place_ja else "",
        )


def _accounts(rng: random.Random, organisation: Organisation) -> list[OrganisationAccount]:
    accounts = []
    for english, japanese in rng.sample(DEPARTMENTS, 3):
        department = f"{english} / {japanese}" if organisation.country == "JP" else english
        account = OrganisationAccount(organisation=organisation, department=department)
        account.refresh_search_text()
        accounts.append(account)
    return accounts


def time_searches(count: int) -> None:
    rng = random.Random(2026)
    queries = [(kind, query) for kind, group in QUERIES.items() for query in group]
    timings: dict[str, list[float]] = {kind: [] for kind in QUERIES}
    for _kind, query in queries:  # warm up caches and connections once
        search_accounts(query)
    for _ in range(count):
        kind, query = rng.choice(queries)
        start = time.perf_counter()
        search_accounts(query)
        timings[kind].append((time.perf_counter() - start) * 1000)
    for kind, values in [*timings.items(), ("all", sum(timings.values(), []))]:
        print(f"{kind:14} {len(values):4d} searches: {_figures(values)}")


def _figures(values: list[float]) -> str:
    if len(values) < 2:
        return "too few to measure"
    p95 = statistics.quantiles(values, n=20)[-1]
    return f"median {statistics.median(values):6.1f} ms, p95 {p95:6.1f} ms, max {max(values):6.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=30_000)
    parser.add_argument("--searches", type=int, default=200)
    options = parser.parse_args()
    settings.DEBUG = False  # Django would keep every SQL statement in memory
    print(f"database: {settings.DATABASES['default']['ENGINE']}; files in {TMP}")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    fill_directory(options.accounts)
    print(
        f"{OrganisationAccount.objects.count()} accounts of {Organisation.objects.count()} "
        f"organisations in {time.perf_counter() - start:.1f} s"
    )
    time_searches(options.searches)


if __name__ == "__main__":
    main()
