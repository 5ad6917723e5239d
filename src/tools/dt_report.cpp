// dt-report RESULTS_DIR: the paper's tables from a results directory (Markdown to stdout by default; --format for
// CSV, LaTeX or JSON; --output DIR writes every format plus SVG plots). --step chooses the Deep-Thinking step
// (fixed:T, dev, oracle, rule:NAME) and is printed under every table; with more than one meta-optimizer per model,
// a comparison table puts them side by side.
#include <boost/program_options.hpp>
#include <iostream>
#include <set>

#include "command_line.h"
#include "dt/report/aggregate.h"
#include "dt/report/comparison_render.h"
#include "dt/report/html_render.h"
#include "dt/report/report_plots.h"
#include "dt/report/report_render.h"
#include "dt/report/result_set.h"
#include "dt/report/row_comparison.h"
#include "dt/report/suite_render.h"
#include "dt/task/task_suite.h"
#include "dt/util/atomic_output.h"
#include "dt/util/error.h"
#include "dt/util/output_location.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  std::string dir, format = "markdown", score = "both", step = "fixed:5", output, suites_dir = DT_DEFAULT_SUITES_DIR;
  std::vector<std::string> compare, against;
  po::options_description options("dt-report [options] RESULTS_DIR");
  options.add_options()("help,h", "show this help")("format", po::value(&format)->default_value(format),
                                                    "markdown, csv, latex or json")(
      "score", po::value(&score)->default_value(score),
      "lm (sum of log-probs), norm (token-normalised), char (per character, lm-eval's acc_norm), mi (minus the "
      "log-prob without demonstration and query, lm-eval's acc_mutual_info), cal (minus the log-prob after a "
      "content-free \"N/A\" query with the same demonstration KV: contextual calibration), both (lm and norm) or all")(
      "step", po::value(&step)->default_value(step),
      "Deep-Thinking step: fixed:T, dev (best on <task>-dev), oracle (best on test; optimistic) or rule:NAME (where "
      "the label-free stopping rule NAME, recorded in each cell, stops)")(
      "output", po::value(&output),
      "also write report.{md,csv,tex,json}, report.html (one self-contained page) and plots/*.svg into this directory")(
      "compare", po::value(&compare)->composing(),
      "A: rows to compare, as field=value,... over model, k, demos, optimizer, arm (icl|dt); repeatable, each with an "
      "--against")("against", po::value(&against)->composing(),
                   "B: the rows A is paired with (per seed and query; fields neither names must agree)")(
      "suites", po::value(&suites_dir)->default_value(suites_dir),
      "directory of task suites (jobs/suites): a suite with results is averaged in its own table (per category and "
      "over its tasks) and its tasks leave the main table")(
      "results", po::value(&dir), "results directory (a dt-sweep output or any directory with cells/)");
  po::positional_options_description positional;
  positional.add("results", 1);
  po::variables_map vm;
  if (const auto status = dt::parse_command_line({"dt-report", options, &positional, "results"}, argc, argv, vm))
    return *status;
  try {
    if (format != "markdown" && format != "csv" && format != "latex" && format != "json")
      dt::fail("--format", "unknown format '" + format + "' (markdown, csv, latex, json)");
    std::vector<dt::Score> scores;
    if (score == "lm" || score == "both" || score == "all") scores.push_back(dt::Score::LmLogP);
    if (score == "norm" || score == "both" || score == "all") scores.push_back(dt::Score::NormLmLogP);
    if (score == "char" || score == "all") scores.push_back(dt::Score::CharNorm);
    if (score == "mi" || score == "all") scores.push_back(dt::Score::MutualInfo);
    if (score == "cal" || score == "all") scores.push_back(dt::Score::Calibrated);
    if (scores.empty()) dt::fail("--score", "unknown score '" + score + "' (lm, norm, char, mi, cal, both, all)");
    const auto protocol = dt::StepProtocol::parse(step);
    if (compare.size() != against.size()) dt::fail("--compare", "give one --against for every --compare");
    std::vector<std::pair<dt::RowSelector, dt::RowSelector>> comparisons;
    for (std::size_t i = 0; i < compare.size(); ++i)
      comparisons.emplace_back(dt::parse_row_selector(compare[i], "--compare"),
                               dt::parse_row_selector(against[i], "--against"));
    if (!output.empty()) dt::check_output_location(std::filesystem::path(output) / "report.md");
    const auto suites = dt::load_task_suites(suites_dir);
    const auto results = dt::load_results(dir);
    if (results.cells.empty()) dt::fail(dir, "no complete cell files under cells/");
    if (protocol.kind == dt::StepProtocol::Kind::Rule) {
      std::set<std::string> recorded;
      for (const auto& cell : results.cells)
        for (const auto& outcome : cell.stop_rules) recorded.insert(outcome.rule.name);
      if (!recorded.count(protocol.rule)) {
        std::string names;
        for (const auto& name : recorded) names += (names.empty() ? "" : ", ") + name;
        dt::fail("--step", "no cell under " + dir + " records a stopping rule named '" + protocol.rule + "' (" +
                               (names.empty() ? "they record none" : "recorded: " + names) + ")");
      }
    }
    std::string md, csv, tex, paired, suites_html;
    nlohmann::json json = nlohmann::json::array();
    std::vector<dt::Report> reports;
    std::vector<std::vector<dt::ReportPlot>> plots;
    for (auto s : scores) {
      const auto full = dt::build_report(results, s, protocol);
      std::vector<dt::SuiteTable> suite_tables;
      std::set<std::string> suite_tasks;
      for (const auto& suite : suites)
        if (auto table = dt::build_suite_table(full, suite)) {
          suite_tables.push_back(std::move(*table));
          for (const auto& task : suite_tables.back().members) suite_tasks.insert(task);
        }
      const auto report = suite_tasks.empty() ? full : dt::without_tasks(full, suite_tasks);
      md += dt::render_markdown(report) + "\n";
      for (const auto& table : suite_tables) {
        md += dt::render_suite_markdown(table, full) + "\n";
        suites_html += dt::render_suite_html(table, full);
      }
      if (const auto comparison = dt::render_optimizer_comparison(report); !comparison.empty()) md += comparison;
      for (const auto& [a, b] : comparisons) {
        const auto text = dt::render_row_comparison(report, a, b, dt::compare_rows(report, results, a, b));
        md += text;
        paired += text;
      }
      csv += dt::render_csv(full);
      tex += dt::render_latex(report) + "\n";
      for (const auto& table : suite_tables) tex += dt::render_suite_latex(table, full) + "\n";
      json.push_back(dt::render_json(full));
      if (!output.empty()) {
        plots.push_back(dt::report_plots(report, results));
        dt::write_report_plots(plots.back(), std::filesystem::path(output) / "plots");
      }
      reports.push_back(report);
    }
    md += dt::render_failed_cells(results);
    if (!results.failed.empty() && format != "markdown")
      std::cerr << "dt-report: " << results.failed.size() << " cells have no results (see " << dir << "/failed)\n";
    if (format == "markdown") std::cout << md;
    if (format == "csv") std::cout << csv;
    if (format == "latex") std::cout << tex;
    if (format == "json") std::cout << json.dump(2) << "\n";
    if (!output.empty()) {
      const std::filesystem::path out(output);
      dt::write_file_atomically(out / "report.md", md);
      dt::write_file_atomically(out / "report.csv", csv);
      dt::write_file_atomically(out / "report.tex", tex);
      dt::write_file_atomically(out / "report.json", json.dump(2) + "\n");
      const auto title = "dt report: " + std::filesystem::absolute(dir).lexically_normal().filename().string();
      dt::write_file_atomically(out / "report.html",
                                dt::render_html(reports, plots, results, title, paired, suites_html));
      std::cerr << "wrote report.{md,csv,tex,json,html} and plots/ to " << output << "\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "dt-report: error: " << dt::error_line(e) << "\n";
    return 1;
  }
  return 0;
}
