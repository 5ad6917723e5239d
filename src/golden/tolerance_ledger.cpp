// ToleranceLedger: value comparisons with tolerance bookkeeping.
#include "dt/golden/tolerance_ledger.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace dt {
namespace {

std::string number(double v) {
  std::ostringstream out;
  out.precision(9);
  out << v;
  return out.str();
}

}  // namespace

void ToleranceLedger::close(const std::string& field, double got, double expected, Tolerance tol) {
  const double diff = std::fabs(got - expected);
  const double allowed = tol.atol + tol.rtol * std::fabs(expected);
  double ratio;
  if (std::isnan(got) || std::isnan(expected))
    ratio = (std::isnan(got) && std::isnan(expected)) ? 0.0 : std::numeric_limits<double>::infinity();
  else
    ratio = allowed > 0 ? diff / allowed : (diff == 0 ? 0.0 : std::numeric_limits<double>::infinity());
  record(field, ratio,
         "got " + number(got) + ", expected " + number(expected) + " (|diff| " + number(diff) + ", allowed " +
             number(allowed) + ")");
}

void ToleranceLedger::exact(const std::string& field, long long got, long long expected) {
  record(field, got == expected ? 0.0 : std::numeric_limits<double>::infinity(),
         "got " + std::to_string(got) + ", expected " + std::to_string(expected) + " (must match exactly)");
}

void ToleranceLedger::exact_text(const std::string& field, const std::string& got, const std::string& expected) {
  if (got == expected) return record(field, 0.0, "");
  std::size_t at = 0;
  while (at < got.size() && at < expected.size() && got[at] == expected[at]) ++at;
  const auto around = [&](const std::string& s) {
    std::string quoted(1, '"');
    quoted.append(s, std::min(at, s.size()), 40);
    quoted.push_back('"');
    return quoted;
  };
  record(field, std::numeric_limits<double>::infinity(),
         "strings differ at byte " + std::to_string(at) + ": got " + around(got) + ", expected " + around(expected));
}

void ToleranceLedger::require(const std::string& field, bool ok, const std::string& what) {
  record(field, ok ? 0.0 : std::numeric_limits<double>::infinity(), ok ? "" : what);
}

void ToleranceLedger::mismatch(const std::string& field, const std::string& what) {
  record(field, std::numeric_limits<double>::infinity(), what);
}

void ToleranceLedger::allowed_difference(const std::string& field) {
  ++allowed_;
  record(field, 0.0, "");
}

void ToleranceLedger::record(const std::string& field, double ratio, const std::string& detail) {
  ++checked_;
  if (!(ratio <= 1.0)) ++failed_;
  if (ratio > worst_ratio_ || (std::isnan(ratio) && !std::isnan(worst_ratio_))) {
    worst_ratio_ = ratio;
    worst_field_ = field;
    worst_detail_ = detail;
  }
}

std::string ToleranceLedger::worst() const {
  if (checked_ == 0) return "nothing checked";
  return "worst " + number(worst_ratio_) + " of tolerance at " + worst_field_ + ": " + worst_detail_;
}

}  // namespace dt
