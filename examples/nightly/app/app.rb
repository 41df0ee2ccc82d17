puts "hello from the app"
