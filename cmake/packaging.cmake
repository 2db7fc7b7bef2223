# Installation and the Debian package (`cmake --build build --target package`, from the default
# preset's optimized build): the binary, a man page per command (help2man over each command's
# --help) and bash/zsh/fish completions (`flinkmem completion`), all written from the built binary
# so they follow its command table.
include(GNUInstallDirs)

install(TARGETS flinkmem RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/rules DESTINATION ${CMAKE_INSTALL_DOCDIR})

find_program(FLINKMEM_HELP2MAN help2man)
set(FLINKMEM_PACKAGING_DIR "${PROJECT_BINARY_DIR}/packaging")
if(FLINKMEM_HELP2MAN)
    # The pages and scripts are remade whenever the binary is; the stamp lists the pages.
    add_custom_command(
        OUTPUT "${FLINKMEM_PACKAGING_DIR}/stamp"
        COMMAND Python3::Interpreter "${PROJECT_SOURCE_DIR}/packaging/generate.py"
                --bin $<TARGET_FILE:flinkmem> --out "${FLINKMEM_PACKAGING_DIR}"
                --version ${PROJECT_VERSION} --help2man "${FLINKMEM_HELP2MAN}"
        DEPENDS flinkmem "${PROJECT_SOURCE_DIR}/packaging/generate.py"
        COMMENT "Man pages (help2man) and shell completions from the flinkmem binary"
        VERBATIM)
    add_custom_target(flinkmem_packaging_files ALL DEPENDS "${FLINKMEM_PACKAGING_DIR}/stamp")
    install(DIRECTORY "${FLINKMEM_PACKAGING_DIR}/man/" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    install(FILES "${FLINKMEM_PACKAGING_DIR}/completions/flinkmem"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
    install(FILES "${FLINKMEM_PACKAGING_DIR}/completions/_flinkmem"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
    install(FILES "${FLINKMEM_PACKAGING_DIR}/completions/flinkmem.fish"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)
else()
    message(WARNING "help2man not found (apt install help2man): the package has no man pages or completions")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME flinkmem)
set(CPACK_PACKAGE_VENDOR flinkmem)
set(CPACK_PACKAGE_CONTACT "flinkmem maintainers <maintainers@flinkmem.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Apache Flink's memory model, byte-exact: resolve, validate, simulate")
set(CPACK_PACKAGE_DESCRIPTION
    "flinkmem computes the memory Flink gives each process from a configuration exactly as Flink\n\
does for releases 1.10 to 2.x, validates configurations in CI (SARIF, JUnit, GitHub annotations)\n\
and simulates the memory pools of a job.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # flinkmem_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends: from the shared libraries the binary links
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
include(CPack)
