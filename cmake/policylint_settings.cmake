# Build options and the shared INTERFACE targets: every target links
# policylint_settings (language level, sanitizers) and policylint_warnings
# (the warning set the project is kept clean of).
option(POLICYLINT_WERROR "Treat warnings as errors" OFF)
option(POLICYLINT_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(POLICYLINT_TSAN "Build with ThreadSanitizer (the parallel runner)" OFF)

add_library(policylint_settings INTERFACE)
target_compile_features(policylint_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
if(POLICYLINT_SANITIZE)
  set(POLICYLINT_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(policylint_settings INTERFACE $<BUILD_INTERFACE:${POLICYLINT_SANITIZER_FLAGS}>)
  target_link_options(policylint_settings INTERFACE $<BUILD_INTERFACE:-fsanitize=address,undefined>)
endif()
if(POLICYLINT_TSAN)
  target_compile_options(policylint_settings INTERFACE $<BUILD_INTERFACE:-fsanitize=thread -fno-omit-frame-pointer>)
  target_link_options(policylint_settings INTERFACE $<BUILD_INTERFACE:-fsanitize=thread>)
endif()

add_library(policylint_warnings INTERFACE)
# -Wno-restrict: GCC 12 reports a false -Wrestrict inside std::string's
# operator+ at -O2 (GCC bug 105329); no code of ours is concerned.
target_compile_options(policylint_warnings INTERFACE -Wall -Wextra -Wpedantic
                       $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>
                       $<$<BOOL:${POLICYLINT_WERROR}>:-Werror>)
