package broken

func third( {}
