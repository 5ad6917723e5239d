// libdt_sentencepiece.so: the C interface of sentencepiece_module.h over sentencepiece::SentencePieceProcessor.
#include "sentencepiece_module.h"

#include <fcntl.h>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

void set_error(char* error, std::size_t size, const std::string& message) {
  if (error == nullptr || size == 0) return;
  std::strncpy(error, message.c_str(), size - 1);
  error[size - 1] = '\0';
}

sentencepiece::SentencePieceProcessor& processor(void* handle) {
  return *static_cast<sentencepiece::SentencePieceProcessor*>(handle);
}

// The trainer's sentences from the caller's memory.
class TextIterator final : public sentencepiece::SentenceIterator {
 public:
  TextIterator(const char* const* texts, const std::size_t* lengths, std::size_t count)
      : texts_(texts), lengths_(lengths), count_(count) {
    load();
  }
  bool done() const override { return index_ >= count_; }
  void Next() override {
    ++index_;
    load();
  }
  const std::string& value() const override { return value_; }
  sentencepiece::util::Status status() const override { return {}; }

 private:
  void load() {
    if (!done()) value_.assign(texts_[index_], lengths_[index_]);
  }
  const char* const* texts_;
  const std::size_t* lengths_;
  std::size_t count_, index_ = 0;
  std::string value_;
};

}  // namespace

extern "C" {

void* dt_spm_load(const char* path, char* error, std::size_t error_size) {
  auto* p = new sentencepiece::SentencePieceProcessor();
  const auto status = p->Load(path);
  if (!status.ok()) {
    set_error(error, error_size, status.ToString());
    delete p;
    return nullptr;
  }
  return p;
}

void dt_spm_free(void* handle) { delete &processor(handle); }

int dt_spm_encode(void* handle, const char* text, std::size_t length, int* ids, std::size_t capacity,
                  std::size_t* count, char* error, std::size_t error_size) {
  std::vector<int> pieces;
  const auto status = processor(handle).Encode(std::string_view(text, length), &pieces);
  if (!status.ok()) {
    set_error(error, error_size, status.ToString());
    return -1;
  }
  *count = pieces.size();
  std::memcpy(ids, pieces.data(), std::min(capacity, pieces.size()) * sizeof(int));
  return 0;
}

int dt_spm_decode(void* handle, const int* ids, std::size_t count, char* text, std::size_t capacity,
                  std::size_t* length, char* error, std::size_t error_size) {
  std::string out;
  const auto status = processor(handle).Decode(std::vector<int>(ids, ids + count), &out);
  if (!status.ok()) {
    set_error(error, error_size, status.ToString());
    return -1;
  }
  *length = out.size();
  std::memcpy(text, out.data(), std::min(capacity, out.size()));
  return 0;
}

int dt_spm_piece_size(void* handle) { return processor(handle).GetPieceSize(); }

int dt_spm_piece_to_id(void* handle, const char* piece, std::size_t length) {
  const std::string_view p(piece, length);
  const int id = processor(handle).PieceToId(p);
  return processor(handle).IdToPiece(id) == p ? id : -1;
}

int dt_spm_bos_id(void* handle) { return processor(handle).bos_id(); }
int dt_spm_eos_id(void* handle) { return processor(handle).eos_id(); }
int dt_spm_pad_id(void* handle) { return processor(handle).pad_id(); }

int dt_spm_train(const char* flags, const char* const* texts, const std::size_t* lengths, std::size_t count,
                 dt_spm_model_sink sink, void* sink_context, char* error, std::size_t error_size) {
  // The trainer logs its command line to stderr before it reads --minloglevel; the status carries any error.
  const int saved_stderr = dup(2);
  const int null = open("/dev/null", O_WRONLY);
  if (null >= 0) dup2(null, 2);
  TextIterator sentences(texts, lengths, count);
  std::string model;
  const auto status = sentencepiece::SentencePieceTrainer::Train(flags, &sentences, &model);
  if (saved_stderr >= 0) {
    dup2(saved_stderr, 2);
    close(saved_stderr);
  }
  if (null >= 0) close(null);
  if (!status.ok()) {
    set_error(error, error_size, status.ToString());
    return -1;
  }
  sink(sink_context, model.data(), model.size());
  return 0;
}
}
