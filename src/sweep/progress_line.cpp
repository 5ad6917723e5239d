// SweepProgress (see progress_line.h).
#include "dt/sweep/progress_line.h"

namespace dt {

std::string progress_text(const ProgressCounts& c, bool per_model) {
  const auto remaining = c.total - c.done - c.failed;
  char text[256];
  std::snprintf(
      text, sizeof text, "[sweep] %zu/%zu done (%zu already complete), %zu running, %zu failed, %.2f cells/s, ETA %s",
      c.done, c.total, c.skipped, c.running, c.failed, c.rate,
      c.rate > 0 ? (std::to_string(static_cast<long long>(static_cast<double>(remaining) / c.rate)) + " s").c_str()
                 : "?");
  std::string out = text;
  if (per_model && !c.models.empty()) {
    out += " |";
    for (std::size_t m = 0; m < c.models.size(); ++m)
      out += (m ? ", " : " ") + c.models[m].name + " " + std::to_string(c.models[m].done) + "/" +
             std::to_string(c.models[m].total);
  }
  return out;
}

SweepProgress::SweepProgress(bool terminal, double every_seconds, std::size_t total, std::FILE* out)
    : terminal_(terminal),
      every_seconds_(every_seconds >= 0 ? every_seconds
                     : total > 100      ? 10.0
                                        : 0.0),
      out_(out) {}

void SweepProgress::update(const ProgressCounts& counts) {
  const auto now = Clock::now();
  const bool last = counts.done + counts.failed >= counts.total && counts.running == 0;
  const double since = std::chrono::duration<double>(now - last_).count();
  if (terminal_) {
    if (printed_any_ && !last && since < 0.1) return;
    last_text_ = progress_text(counts, true);
    std::fprintf(out_, "\r\033[K%s", last_text_.c_str());
    drawn_ = true;
  } else {
    if (printed_any_ && !last && since < every_seconds_) return;
    std::fprintf(out_, "%s\n", progress_text(counts, every_seconds_ > 0).c_str());
  }
  std::fflush(out_);
  printed_any_ = true;
  last_ = now;
}

void SweepProgress::message(std::FILE* stream, const std::string& line) {
  if (terminal_ && drawn_) {
    std::fputs("\r\033[K", out_);
    std::fflush(out_);
  }
  std::fprintf(stream, "%s\n", line.c_str());
  std::fflush(stream);
  if (terminal_ && drawn_) {
    std::fprintf(out_, "%s", last_text_.c_str());
    std::fflush(out_);
  }
}

void SweepProgress::end() {
  if (terminal_ && drawn_) std::fputs("\n", out_);
  drawn_ = false;
  std::fflush(out_);
}

}  // namespace dt
