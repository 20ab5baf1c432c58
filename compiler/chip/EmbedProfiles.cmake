# Writes OUTPUT, a C++ file holding each profile YAML as a raw string, so the
# shipped profiles need no files at run time.
string(REPLACE "|" ";" PROFILES "${PROFILES}")
set(body "")
foreach(file ${PROFILES})
  get_filename_component(name ${file} NAME_WE)
  file(READ ${file} text)
  string(APPEND body "    {\"${name}\", R\"snncyaml(${text})snncyaml\"},\n")
endforeach()
file(WRITE ${OUTPUT} "// Generated from compiler/chip/profiles/*.yaml; do not edit.\n#include <string>\n#include <utility>\n#include <vector>\nnamespace snnc::chip {\nextern const std::vector<std::pair<std::string, std::string>> kProfiles;\nconst std::vector<std::pair<std::string, std::string>> kProfiles = {\n${body}};\n} // namespace snnc::chip\n")
