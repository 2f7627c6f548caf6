import EPOFCommands

EPOF.main()
