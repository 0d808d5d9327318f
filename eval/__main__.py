import sys

from newsprep.eval.cli.main import main

sys.exit(main())
