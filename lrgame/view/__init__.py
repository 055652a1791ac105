"""Drawing: every drawer reads state and paints; none changes what it is given."""
