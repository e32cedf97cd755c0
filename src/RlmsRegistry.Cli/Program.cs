Console.Error.WriteLine("rlms: no command yet");
return 2;
