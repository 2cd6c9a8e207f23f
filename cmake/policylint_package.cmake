# The Debian package (cpack -G DEB): the command-line tool, the rule pages and
# the pre-commit hook definition. The library's headers, archive and CMake
# package files (component Unspecified) are for `cmake --install` only and stay
# out of the package.
#
#   /usr/bin/policylint
#   /usr/share/doc/policylint/rules/<family>/<rule>.md   (and .zh.md)
#   /usr/share/doc/policylint/README.md
#   /usr/share/policylint/pre-commit-hooks.yaml
#
# Built by .ci/test after the release build; tests/package/run.sh unpacks it
# into a scratch root and runs the installed binary.
include(GNUInstallDirs)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/rules/" DESTINATION "${CMAKE_INSTALL_DOCDIR}/rules" COMPONENT doc
        FILES_MATCHING PATTERN "*.md")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}" COMPONENT doc)
install(FILES "${PROJECT_SOURCE_DIR}/.pre-commit-hooks.yaml" DESTINATION "${CMAKE_INSTALL_DATADIR}/policylint"
        RENAME pre-commit-hooks.yaml COMPONENT hook)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME policylint)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_CONTACT "policylint developers")
set(CPACK_PACKAGE_INSTALL_DIRECTORY policylint)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

# One package holding the three components below (not one per component).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL cli doc hook)

set(CPACK_DEBIAN_PACKAGE_NAME policylint)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # policylint_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The release binary is linked fully statically and needs no shared library;
# a build that links some (libc) gets them as dependencies from
# dpkg-shlibdeps (Debian package dpkg-dev).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS pre-commit)
# The synopsis is CPACK_PACKAGE_DESCRIPTION_SUMMARY; CPack indents these lines.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "policylint checks RAM permission policies, RAM role trust policies, OSS
bucket policies and KMS key policies, in plain JSON, Terraform (.tf, .tf.json,
plans and state) and ROS templates, and points every finding at the exact
value. The package holds the command-line tool, the rule pages and a
pre-commit hook definition.")

include(CPack)
