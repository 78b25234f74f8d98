from zero2vec.cli.main import main

main()
