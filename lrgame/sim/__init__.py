"""What the simulator simulates, without pygame: settings, the valley and the ball, the race, setups, the kiosk
script."""
