// Markdown, CSV and JSON renderings of a Report (LaTeX: latex_render.cpp).
#include "dt/report/report_render.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "dt/config/meta_optimizer_spec.h"
#include "dt/task/demo_variant.h"

namespace dt {
namespace {

std::string cell_text(const Stat& s, const char* pm) {
  if (!s.available()) return "—";
  std::string out = percent_text(s.mean) + pm + percent_text(s.std);
  if (s.n < s.expected) out += " (" + std::to_string(s.n) + "/" + std::to_string(s.expected) + ")";
  return out;
}

// Cells found / expected over the row's tasks (expected = found where no manifest says otherwise).
std::string coverage(const ReportRow& row) {
  std::int64_t found = 0, expected = 0;
  for (const auto& t : row.tasks) {
    if (!t) continue;
    found += t->icl.n;
    expected += t->icl.expected;
  }
  return std::to_string(found) + "/" + std::to_string(expected);
}

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string percent_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100.0 * v);
  return buf;
}

std::string report_footer(const Report& report, const std::string& prefix) {
  std::string out = prefix + "Score: " + score_name(report.score) +
                    ". Accuracy in %, mean ± standard deviation (n - 1) over seeds; " +
                    "(n/N) marks entries with fewer seeds than expected. " + report.protocol.describe() + "\n";
  out += prefix + kPairedNote + "\n";
  if (!report.compute_note.empty()) out += prefix + report.compute_note + "\n";
  for (const auto& note : report.notes) out += prefix + "Note: " + note + "\n";
  return out;
}

std::string optimizer_label(const std::string& optimizer_json) {
  if (optimizer_json == "null") return "";
  try {
    const auto j = nlohmann::json::parse(optimizer_json);
    const auto& kind = meta_optimizer_kind(parse_meta_optimizer_kind(j.at("kind").get<std::string>(), "optimizer"));
    std::ostringstream out;
    out << kind.name << "(";
    for (std::size_t i = 0; i < kind.parameters.size(); ++i)
      out << (i ? ", " : "") << kind.parameters[i].name << "=" << j.at(kind.parameters[i].name).get<double>();
    if (j.contains("layers"))
      out << ", layers=" << (j["layers"].is_string() ? j["layers"].get<std::string>() : j["layers"].dump());
    if (j.contains("ramp")) out << ", ramp=" << j["ramp"].at(0).get<double>() << ".." << j["ramp"].at(1).get<double>();
    if (j.contains("estimator")) out << ", estimator=" << j["estimator"].get<std::string>();
    out << ")";
    if (j.contains("stop")) out << " stop=" << j["stop"].at("name").get<std::string>();
    return out.str();
  } catch (const std::exception&) {
    return optimizer_json;
  }
}

std::string row_label(const ReportRow& row) {
  std::string out = row.model + " k=" + std::to_string(row.k);
  if (row.k == 0) out += " zero-shot";
  try {
    if (const auto demos = DemoVariant::parse(row.demos, "").label(); !demos.empty()) out += " " + demos;
  } catch (const std::exception&) {
    out += " " + row.demos;
  }
  if (!row.scored_once()) out += " " + optimizer_label(row.optimizer);
  return out;
}

std::string render_markdown(const Report& report) {
  std::ostringstream out;
  out << "## Accuracy (" << score_name(report.score) << "): ICL vs Deep-Thinking\n\n| model | method |";
  for (const auto& t : report.tasks) out << " " << t << " |";
  out << " average | coverage |\n|---|---|";
  for (std::size_t i = 0; i < report.tasks.size() + 2; ++i) out << "---|";
  out << "\n";
  for (const auto& row : report.rows) {
    for (int method = 0; method < (row.scored_once() ? 1 : 2); ++method) {
      out << "| " << (method == 0 ? row_label(row) : "") << " | " << (method == 0 ? "ICL" : "Deep-Thinking") << " |";
      for (const auto& t : row.tasks) {
        if (!t) {
          out << " — |";
          continue;
        }
        const auto& s = method == 0 ? t->icl : t->dt;
        out << " " << cell_text(s, " ± ");
        if (method == 1 && t->paired && !t->paired->clearly_better()) out << " †";
        if (method == 1 && t->step) {
          out << " @" << *t->step;
        } else if (method == 1 && t->mean_step) {
          char mean[32];
          std::snprintf(mean, sizeof mean, " @~%.1f", *t->mean_step);
          out << mean;
        }
        out << " |";
      }
      const auto& avg = method == 0 ? row.icl_average : row.dt_average;
      out << " " << (avg ? percent_text(*avg) : std::string("—")) << " | " << (method == 0 ? coverage(row) : "")
          << " |\n";
    }
  }
  out << "\n" << report_footer(report, "");
  for (std::size_t ti = 0; ti < report.tasks.size(); ++ti) {
    out << "\n### " << report.tasks[ti] << ": accuracy (%) per Deep-Thinking step, mean over seeds\n\n";
    std::vector<std::int64_t> steps;
    for (const auto& row : report.rows)
      if (row.tasks[ti])
        for (auto s : row.tasks[ti]->trace_steps)
          if (std::find(steps.begin(), steps.end(), s) == steps.end()) steps.push_back(s);
    std::sort(steps.begin(), steps.end());
    out << "| model |";
    for (auto s : steps) out << " " << s << " |";
    out << " gain over ICL |\n|---|";
    for (std::size_t i = 0; i <= steps.size(); ++i) out << "---|";
    out << "\n";
    for (const auto& row : report.rows) {
      if (!row.tasks[ti]) continue;
      const auto& t = *row.tasks[ti];
      out << "| " << row_label(row) << " |";
      for (auto s : steps) {
        const auto it = std::find(t.trace_steps.begin(), t.trace_steps.end(), s);
        out << " "
            << (it == t.trace_steps.end()
                    ? std::string("—")
                    : percent_text(t.trace[static_cast<std::size_t>(it - t.trace_steps.begin())].mean))
            << " |";
      }
      out << " "
          << (t.dt.available() && t.icl.available()
                  ? (t.dt.mean >= t.icl.mean ? "+" : "") + percent_text(t.dt.mean - t.icl.mean)
                  : std::string("—"))
          << " |\n";
    }
  }
  return out.str();
}

std::string render_csv(const Report& report) {
  std::ostringstream out;
  out << "model,k,demonstrations,optimizer,task,method,step,mean,std,n,expected\n";
  for (const auto& row : report.rows) {
    for (std::size_t ti = 0; ti < report.tasks.size(); ++ti) {
      if (!row.tasks[ti]) continue;
      const auto& t = *row.tasks[ti];
      auto line = [&](const char* method, const std::string& step, const Stat& s) {
        out << csv_escape(row.model) << "," << row.k << "," << row.demos << ","
            << csv_escape(optimizer_label(row.optimizer)) << "," << report.tasks[ti] << "," << method << "," << step
            << "," << (s.available() ? std::to_string(s.mean) : "") << ","
            << (s.available() ? std::to_string(s.std) : "") << "," << s.n << "," << s.expected << "\n";
      };
      line("icl", "1", t.icl);
      if (!row.scored_once())
        line("deep_thinking", t.step ? std::to_string(*t.step) : t.mean_step ? std::to_string(*t.mean_step) : "", t.dt);
      for (std::size_t i = 0; i < t.trace_steps.size(); ++i)
        line("trace", std::to_string(t.trace_steps[i]), t.trace[i]);
    }
  }
  return out.str();
}

nlohmann::json render_json(const Report& report) {
  auto stat = [](const Stat& s) {
    return nlohmann::json{{"mean", s.available() ? nlohmann::json(s.mean) : nlohmann::json(nullptr)},
                          {"std", s.std},
                          {"n", s.n},
                          {"expected", s.expected}};
  };
  nlohmann::json out{{"score", score_name(report.score)},
                     {"protocol", report.protocol.describe()},
                     {"tasks", report.tasks},
                     {"notes", report.notes},
                     {"rows", nlohmann::json::array()}};
  if (!report.compute_note.empty()) out["compute"] = report.compute_note;
  for (const auto& row : report.rows) {
    nlohmann::json r{{"model", row.model},
                     {"k", row.k},
                     {"demonstrations", row.demos},
                     {"label", row_label(row)},
                     {"optimizer", nlohmann::json::parse(row.optimizer, nullptr, false)},
                     {"icl_average", row.icl_average ? nlohmann::json(*row.icl_average) : nlohmann::json(nullptr)},
                     {"dt_average", row.dt_average ? nlohmann::json(*row.dt_average) : nlohmann::json(nullptr)},
                     {"tasks", nlohmann::json::object()}};
    for (std::size_t ti = 0; ti < report.tasks.size(); ++ti) {
      if (!row.tasks[ti]) continue;
      const auto& t = *row.tasks[ti];
      nlohmann::json trace = nlohmann::json::array();
      for (std::size_t i = 0; i < t.trace_steps.size(); ++i)
        trace.push_back({{"step", t.trace_steps[i]}, {"accuracy", stat(t.trace[i])}});
      r["tasks"][report.tasks[ti]] = {
          {"icl", stat(t.icl)},
          {"deep_thinking", stat(t.dt)},
          {"step", t.step ? nlohmann::json(*t.step) : nlohmann::json(nullptr)},
          {"mean_step", t.mean_step ? nlohmann::json(*t.mean_step) : nlohmann::json(nullptr)},
          {"gain", stat(t.gain)},
          {"paired", t.paired ? nlohmann::json{{"wins", t.paired->wins},
                                               {"losses", t.paired->losses},
                                               {"ties", t.paired->ties},
                                               {"ci95_low", t.paired->low},
                                               {"ci95_high", t.paired->high}}
                              : nlohmann::json(nullptr)},
          {"note", t.note},
          {"trace", trace}};
    }
    out["rows"].push_back(r);
  }
  return out;
}

}  // namespace dt
