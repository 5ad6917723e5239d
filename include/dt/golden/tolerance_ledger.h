// ToleranceLedger: compares computed values with reference values under |got - expected| <= atol + rtol*|expected|
// (or exact equality), counts violations and remembers the worst deviation and the field where it occurred.
// Deviation is reported as a fraction of the allowed tolerance (> 1 means out of tolerance).
#pragma once

#include <cstddef>
#include <string>

namespace dt {

struct Tolerance {
  double atol = 0.0;
  double rtol = 0.0;
};

class ToleranceLedger {
 public:
  void close(const std::string& field, double got, double expected, Tolerance tol);
  void exact(const std::string& field, long long got, long long expected);
  void exact_text(const std::string& field, const std::string& got, const std::string& expected);
  // A condition that must hold; `what` says what went wrong when it does not.
  void require(const std::string& field, bool ok, const std::string& what);
  // A failure that is not a value comparison (e.g. a shape mismatch).
  void mismatch(const std::string& field, const std::string& what);
  // A check that passes although the values differ, by a stated rule (a near-tie prediction in reduced precision).
  void allowed_difference(const std::string& field);

  std::size_t checked() const { return checked_; }
  std::size_t failed() const { return failed_; }
  std::size_t allowed_differences() const { return allowed_; }
  bool ok() const { return failed_ == 0; }
  // "worst 0.031 of tolerance at <field>: got <g>, expected <e>"
  std::string worst() const;

 private:
  void record(const std::string& field, double ratio, const std::string& detail);

  std::size_t checked_ = 0, failed_ = 0, allowed_ = 0;
  double worst_ratio_ = -1.0;
  std::string worst_field_, worst_detail_;
};

}  // namespace dt
