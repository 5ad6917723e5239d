# Run at every build (target dt_git_revision): writes OUTPUT, a translation unit defining dt::git_revision(), with
# the checkout's revision (12 hex digits, "-dirty" when tracked files differ from it; "unknown" outside git). The file
# is rewritten only when the text changes, so an unchanged revision recompiles nothing.
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE revision OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR NOT revision)
  set(revision "unknown")
else()
  execute_process(COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    string(APPEND revision "-dirty")
  endif()
endif()
set(text "// Generated at build time by cmake/git_revision.cmake.\n#include \"dt/version.h\"\n\nnamespace dt {\n\nconst char* git_revision() { return \"${revision}\"; }\n\n}  // namespace dt\n")
set(old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
