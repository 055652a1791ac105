"""What the simulator simulates, with no pygame: settings, the valley and the ball, the race, setups, the kiosk script."""
