"""``sidalih report``: one self-contained HTML page, checked in a real headless chromium.

The browser tests drive Debian's ``chromium`` through the DevTools protocol (playwright,
with ``executable_path``: no browser download). Without chromium or playwright they skip,
unless ``SIDALIH_REQUIRE_BROWSER=1`` (CI) makes them fail.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

import sidalih
from sidalih import synth
from sidalih.cli import app
from sidalih.errors import DataFileError, InvalidParameterError
from sidalih.report import load_run, render_report, write_report
from sidalih.report._data import pair_rows
from sidalih.report._text import _TABLES, text

runner = CliRunner()
LONG_NIK = re.compile(r"\d{16}")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)


def run(*args: object) -> Any:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A 10k synthetic list (real 16-digit NIKs), deduplicated and checked with --report."""
    base = tmp_path_factory.mktemp("report")
    voters = synth.voters(10_000, seed=3).voters
    nik = voters.columns[[c.lower() for c in voters.columns].index("nik")]
    assert voters[nik].str.contains(r"^\d{16}$").sum() > 9_000  # the NIKs are real ones
    path = base / "dpt.parquet"
    voters.write_parquet(path)
    run("dedupe", path, "--out", base / "ded", "--quiet", "--report")
    run("check", path, "--out", base / "chk", "--quiet", "--report")
    run("report", base / "ded", base / "chk", "--out", base / "both.html")
    run("report", base / "ded", base / "chk", "--out", base / "both-en.html", "--lang", "en")
    return {"base": base, "list": path, "ded": base / "ded", "chk": base / "chk",
            "both": base / "both.html", "both_en": base / "both-en.html"}


def pages(folders: dict[str, Path]) -> list[Path]:
    return [folders["ded"] / "report.html", folders["chk"] / "report.html", folders["both"],
            folders["both_en"]]


# --------------------------------------------------------------------------- the file
def test_no_full_nik_anywhere_in_any_report(folders: dict[str, Path]) -> None:
    for page in pages(folders):
        found = LONG_NIK.findall(page.read_text(encoding="utf-8"))
        assert not found, f"{page.name} shows {len(found)} 16-digit numbers"


def test_report_is_self_contained_and_small(folders: dict[str, Path]) -> None:
    for page in pages(folders):
        html = page.read_text(encoding="utf-8")
        assert page.stat().st_size < 5 * 1024 * 1024
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), page.name
        assert "<script src" not in html and 'rel="stylesheet"' not in html
        assert html.count("<svg") >= 1


def test_dedupe_report_has_every_part(folders: dict[str, Path]) -> None:
    html = folders["both"].read_text(encoding="utf-8")
    t = text("id")
    for part in ("chart-villages", "chart-sizes", "chart-weights", "chart-levels",
                 "table-clusters", "table-pairs", "table-model", "table-settings",
                 "table-checks"):
        assert f'id="{part}"' in html, part
    assert t["precision"] in html and t["no_villages"] not in html
    # village names, not only codes, from the region table
    assert re.search(r"Cinanggela \(3204302003\)|[A-Z][a-z]+ \(\d{10}\)", html)
    # the blocking report is in the page of a --report run and in the folder itself
    dedupe_page = (folders["ded"] / "report.html").read_text(encoding="utf-8")
    assert 'id="table-blocking"' in dedupe_page and 'id="chart-blocking"' in dedupe_page
    assert (folders["ded"] / "blocking.parquet").exists()
    assert 'id="table-blocking"' in html and t["no_blocking"] not in html


def test_english_page(folders: dict[str, Path]) -> None:
    html = folders["both_en"].read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Duplicate clusters" in html
    assert "Klaster ganda" not in html


def test_both_languages_have_the_same_words() -> None:
    assert set(_TABLES["id"]) == set(_TABLES["en"])


def test_waterfall_steps_add_up_to_the_match_weight(folders: dict[str, Path]) -> None:
    run_data = load_run([folders["ded"]])
    rows, n = pair_rows(run_data, max_rows=10_000, lang="en", texts=text("en"))
    assert rows and n == len(rows)
    for row in rows:
        steps = row["waterfall"]["steps"]
        assert sum(s["weight"] for s in steps) == pytest.approx(row["weight"], abs=1e-6)
        assert steps[0]["label"] == text("en")["prior"]


def test_a_large_run_is_sampled_and_says_so(folders: dict[str, Path]) -> None:
    html = render_report(folders["ded"], lang="en", max_rows=5)
    clusters = html.split('id="table-clusters"')[1].split("</table>")[0]
    assert clusters.count("<tr><td>") == 5
    assert re.search(r"5 of [\d,]+ shown", html)


def test_check_folder_without_its_list_says_so(folders: dict[str, Path],
                                               tmp_path: Path) -> None:
    copy = tmp_path / "dpt.parquet"
    shutil.copy(folders["list"], copy)
    run("check", copy, "--out", tmp_path / "chk", "--quiet")
    copy.unlink()  # the list named in summary.json is gone
    html = render_report(tmp_path / "chk", lang="en")
    assert text("en")["no_villages"] in html
    assert 'id="chart-villages"' not in html
    with_list = render_report(tmp_path / "chk", lang="en", voters=folders["list"])
    assert 'id="chart-villages"' in with_list and text("en")["no_villages"] not in with_list


def test_folder_of_result_to_parquet(tmp_path: Path) -> None:
    voters = synth.voters(600, seed=1).voters
    folder = sidalih.deduplicate(voters).to_parquet(tmp_path / "hasil")
    html = render_report(folder, lang="en")
    assert 'id="table-blocking"' in html  # to_parquet writes blocking.parquet
    assert text("en")["not_estimated"] in html  # and no summary.json
    assert not LONG_NIK.search(html)


def test_no_page_without_report_flag(folders: dict[str, Path], tmp_path: Path) -> None:
    run("check", folders["list"], "--out", tmp_path / "chk", "--quiet")
    run("dedupe", folders["list"], "--out", tmp_path / "ded", "--quiet")
    assert not (tmp_path / "chk" / "report.html").exists()
    assert not (tmp_path / "ded" / "report.html").exists()


def test_not_a_result_folder_is_a_typed_error_and_one_cli_line(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("a\n1\n")
    with pytest.raises(DataFileError, match="no manifest.json"):
        write_report(tmp_path)
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("sidalih: error:")


def test_bad_options(folders: dict[str, Path]) -> None:
    with pytest.raises(InvalidParameterError, match="lang"):
        render_report(folders["ded"], lang="fr")
    with pytest.raises(InvalidParameterError, match="max_rows"):
        render_report(folders["ded"], max_rows=0)
    with pytest.raises(InvalidParameterError, match=".html"):
        write_report(folders["ded"], out=folders["base"] / "report.txt")
    with pytest.raises(InvalidParameterError, match="at most one dedupe"):
        render_report([folders["ded"], folders["ded"]])


# --------------------------------------------------------------------------- the browser
def _browser() -> Any:
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if reason is None and CHROMIUM is None:
        reason = "chromium is not installed (apt-get install chromium)"
    if reason is not None:
        if os.environ.get("SIDALIH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SIDALIH_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Any:
    sync_playwright = _browser()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _open(browser: Any, page_path: Path) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(page_path.as_uri(), wait_until="load")
    return page, problems


@pytest.mark.parametrize("name", ["both", "both_en", "ded", "chk"])
def test_report_renders_in_chromium(browser: Any, folders: dict[str, Path], tmp_path: Path,
                                    name: str) -> None:
    path = folders[name] if name.startswith("both") else folders[name] / "report.html"
    page, problems = _open(browser, path)
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    assert page.locator("svg").count() >= 1
    assert page.locator("table").count() >= 2
    if name != "chk":
        assert page.locator("#table-clusters > tbody > tr").count() > 0
        assert page.locator("#table-pairs > tbody > tr").count() > 0
        assert page.locator("figure svg").count() >= 3
    assert not LONG_NIK.search(page.content())
    assert not LONG_NIK.search(page.inner_text("body"))
    # a 10k-row run's page opens in under 2 s
    loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert 0 < loaded < 2000
    page.close()
    assert problems == []


def test_search_sort_and_waterfall_work_in_chromium(browser: Any,
                                                    folders: dict[str, Path]) -> None:
    page, problems = _open(browser, folders["both_en"])
    rows = page.locator("#table-clusters > tbody > tr")
    total = rows.count()
    name = page.locator("#table-clusters > tbody > tr strong").first.inner_text()
    page.fill("input[data-filter=table-clusters]", name)
    visible = page.locator("#table-clusters > tbody > tr:not([hidden])").count()
    assert 1 <= visible < total
    page.fill("input[data-filter=table-clusters]", "")
    assert page.locator("#table-clusters > tbody > tr:not([hidden])").count() == total
    # sort the pairs by weight, ascending then descending
    header = page.locator("#table-pairs > thead th").nth(3)
    weights = "#table-pairs > tbody > tr > td:nth-child(4)"
    header.click()
    ascending = [float(v) for v in page.locator(weights).evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]
    assert ascending == sorted(ascending)
    header.click()
    descending = [float(v) for v in page.locator(weights).evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]
    assert descending == sorted(ascending, reverse=True)
    first = page.locator("#table-pairs > tbody > tr").first
    first.locator("summary").click()
    assert first.locator("table.wf").is_visible()
    assert first.locator("table.wf .bar").count() >= 8  # prior and seven comparisons
    page.close()
    assert problems == []


def test_ids_of_a_list_keyed_by_nik_are_masked(tmp_path: Path) -> None:
    voters = synth.voters(800, seed=5).voters
    # ids that look like NIKs (16 digits), as lists keyed by NIK have
    keyed = voters.with_columns(
        ("3271" + pl.int_range(pl.len()).cast(pl.String).str.zfill(12)).alias("id"))
    path = tmp_path / "dpt.parquet"
    keyed.write_parquet(path)
    run("dedupe", path, "--out", tmp_path / "ded", "--quiet", "--report")
    html = (tmp_path / "ded" / "report.html").read_text(encoding="utf-8")
    assert "********" in html
    assert not LONG_NIK.search(html)


def test_a_nik_in_the_village_column_is_masked_in_the_village_chart(tmp_path: Path) -> None:
    # a NIK typed or shifted into kode_desa has no village name: the chart labels its bar
    # with the code itself, which must be masked like every table cell
    nik = "3271014101900001"
    voters = pl.DataFrame({
        "nik": ["3271014101900002", "3271014101900002", "3271014101900004"],
        "nama": ["SITI AMINAH", "SITI AMINAH", "ANI"],
        "tanggal_lahir": ["01-01-1990", "01-01-1990", "03-03-1970"],
        "kode_desa": [nik, nik, "3271011001"],
    })
    folder = sidalih.deduplicate(voters).to_parquet(tmp_path / "hasil")
    html = render_report(folder, voters=voters, lang="en")
    assert 'id="chart-villages"' in html
    assert "3271********0001" in html
    assert not LONG_NIK.search(html)


def test_missing_browser_skips_unless_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", None)
    monkeypatch.delenv("SIDALIH_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        _browser()
    monkeypatch.setenv("SIDALIH_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="SIDALIH_REQUIRE_BROWSER=1"):
        _browser()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_report_reads_pairs_written_as_text(tmp_path: Path, fmt: str) -> None:
    # CSV and XLSX give every cell back as text; `matched` must still be negatable
    path = tmp_path / "dpt.parquet"
    synth.voters(500, seed=1).voters.write_parquet(path)
    run("dedupe", path, "--out", tmp_path / "ded", "--format", fmt, "--quiet", "--report")
    assert (tmp_path / "ded" / "report.html").exists()
    pairs = load_run([tmp_path / "ded"]).pairs
    assert pairs is not None and pairs.height
    assert pairs.schema["matched"] == pl.Boolean
    assert pairs.schema["match_weight"] == pl.Float64
    run("report", tmp_path / "ded", "--out", tmp_path / "again.html")


def test_report_names_the_rows_of_an_unreadable_pairs_cell(tmp_path: Path) -> None:
    path = tmp_path / "dpt.parquet"
    synth.voters(500, seed=1).voters.write_parquet(path)
    run("dedupe", path, "--out", tmp_path / "ded", "--format", "csv", "--quiet")
    table = tmp_path / "ded" / "pairs.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",true,", ",sure,", 1)  # same size: the manifest still holds
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"'matched'.*rows 3\b"):
        load_run([tmp_path / "ded"])
