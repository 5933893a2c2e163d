from compliance.cli.main import main

main()
