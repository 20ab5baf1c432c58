# Writes OUTPUT (Version.cpp) from INPUT with the git revision of SOURCE_DIR,
# rewriting it only when the text changes, so builds stay incremental while
# the revision stays current (it runs on every build).
execute_process(
  COMMAND git describe --always --dirty --abbrev=12
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE SNNC_REVISION
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET
  RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR SNNC_REVISION STREQUAL "")
  set(SNNC_REVISION "unknown")
endif()
configure_file(${INPUT} ${OUTPUT}.new @ONLY)
file(READ ${OUTPUT}.new new_text)
set(old_text "")
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old_text)
endif()
if(NOT new_text STREQUAL old_text)
  file(WRITE ${OUTPUT} "${new_text}")
endif()
file(REMOVE ${OUTPUT}.new)
