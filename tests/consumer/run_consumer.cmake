# cmake -P script of the consumer_find_package test (see CMakeLists.txt next to it).
# Steps: install ARREARS_BINARY_DIR into WORK_DIR/prefix; configure, build and run the
# project in CONSUMER_SOURCE_DIR against that prefix alone.
cmake_minimum_required(VERSION 3.25)

foreach(var ARREARS_BINARY_DIR CONSUMER_SOURCE_DIR WORK_DIR HOLIDAY_FILE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_consumer.cmake needs -D${var}=...")
  endif()
endforeach()

set(prefix ${WORK_DIR}/prefix)
set(build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run step)
  message(STATUS "consumer: ${step}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer: ${step} failed (${rc})\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

if(NOT CONSUMER_CONFIG)
  set(CONSUMER_CONFIG Release)
endif()
set(config_args)
if(CONSUMER_CONFIG)
  set(config_args --config ${CONSUMER_CONFIG})
endif()
run("install into ${prefix}" ${CMAKE_COMMAND} --install ${ARREARS_BINARY_DIR} --prefix ${prefix} ${config_args})

foreach(f lib/cmake/arrears/arrearsConfig.cmake lib/cmake/arrears/arrearsConfigVersion.cmake
          lib/cmake/arrears/arrearsTargets.cmake include/arrears.hpp include/arrears/money.hpp
          include/arrears/io/holiday_file.hpp)
  # GNUInstallDirs may choose lib64 on some systems
  string(REPLACE "lib/" "lib64/" f64 "${f}")
  if(NOT EXISTS ${prefix}/${f} AND NOT EXISTS ${prefix}/${f64})
    message(FATAL_ERROR "consumer: the install lacks ${f}")
  endif()
endforeach()

set(generator_args)
if(CONSUMER_GENERATOR)
  set(generator_args -G ${CONSUMER_GENERATOR})
endif()
set(compiler_args)
if(CONSUMER_CXX_COMPILER)
  set(compiler_args -DCMAKE_CXX_COMPILER=${CONSUMER_CXX_COMPILER})
endif()
# An ARREARS_SANITIZE build installs libraries compiled with ASan and UBSan: a program that
# links them needs the sanitizer runtimes too.
if(CONSUMER_SANITIZE)
  list(APPEND compiler_args "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined"
                            "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined")
endif()
# Only the scratch prefix may provide arrears (no user package registry), and the consumer
# must not need nlohmann_json, which arrears::io uses only inside its compiled code.
run("configure" ${CMAKE_COMMAND} --no-warn-unused-cli -S ${CONSUMER_SOURCE_DIR} -B ${build} ${generator_args} ${compiler_args}
    -DCMAKE_BUILD_TYPE=${CONSUMER_CONFIG}
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON)
file(STRINGS ${build}/CMakeCache.txt arrears_dir REGEX "^arrears_DIR:")
string(FIND "${arrears_dir}" "${prefix}/" at)
if(NOT at GREATER -1)
  message(FATAL_ERROR "consumer: arrears was found outside the scratch prefix: ${arrears_dir}")
endif()

run("build" ${CMAKE_COMMAND} --build ${build} ${config_args})

find_program(consumer_exe NAMES consumer PATHS ${build} ${build}/${CONSUMER_CONFIG} NO_DEFAULT_PATH REQUIRED)
run("run" ${consumer_exe} ${HOLIDAY_FILE})
# The program prints what it computed; the values are worked by hand in main.cpp.
set(expected "split 1064.35 over 3: 354.79 354.78 354.78\n10 working days after 2026-01-12: 2026-01-26\nfinancial year of 2026-01-12: 2025/26\nofficial 2026-07-01: Invented test holiday\n")
if(NOT last_output STREQUAL expected)
  message(FATAL_ERROR "consumer: unexpected output\n--- got\n${last_output}--- expected\n${expected}")
endif()
message(STATUS "consumer: OK")
