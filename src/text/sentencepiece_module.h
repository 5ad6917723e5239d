// The C interface of dt's SentencePiece module (libdt_sentencepiece.so), the only code that links libsentencepiece.
// Debian's libsentencepiece carries code built against its own copy of protobuf (3.14) while LibTorch loads the
// system's libprotobuf (3.21): in one link namespace they interpose each other and the process crashes at start-up
// or aborts on a version check. So the module is loaded with dlmopen(LM_ID_NEWLM) into a link namespace of its own,
// where it sees only its own dependencies, when a tokenizer.model is first used. Only plain C values cross.
#pragma once

#include <cstddef>

extern "C" {

// Returns a handle, or null with a message in `error`.
void* dt_spm_load(const char* path, char* error, std::size_t error_size);
void dt_spm_free(void* handle);
// Encodes `text`; writes up to `capacity` ids and the total count to `count`. Returns 0, or -1 with `error` set.
int dt_spm_encode(void* handle, const char* text, std::size_t length, int* ids, std::size_t capacity,
                  std::size_t* count, char* error, std::size_t error_size);
// Decodes; writes up to `capacity` bytes and the total length to `length`. Returns 0, or -1 with `error` set.
int dt_spm_decode(void* handle, const int* ids, std::size_t count, char* text, std::size_t capacity,
                  std::size_t* length, char* error, std::size_t error_size);
int dt_spm_piece_size(void* handle);
int dt_spm_piece_to_id(void* handle, const char* piece, std::size_t length);  // -1 when absent
int dt_spm_bos_id(void* handle);
int dt_spm_eos_id(void* handle);
int dt_spm_pad_id(void* handle);
// Receives the serialized model of dt_spm_train.
typedef void (*dt_spm_model_sink)(void* context, const char* bytes, std::size_t size);
// Trains a model with SentencePieceTrainer (flags as spm_train takes them, without --input) on the `count` texts
// (`texts[i]` of `lengths[i]` bytes, one sentence each) and hands its serialized ModelProto to `sink`. The
// sentences come from memory, so the model's trainer_spec records no input path and the bytes depend on the flags
// and texts only. Returns 0, or -1 with `error` set.
int dt_spm_train(const char* flags, const char* const* texts, const std::size_t* lengths, std::size_t count,
                 dt_spm_model_sink sink, void* sink_context, char* error, std::size_t error_size);
}
