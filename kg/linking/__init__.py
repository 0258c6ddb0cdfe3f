"""Links to other datasets: Kanripo works, juan and passages; reconciled authorities."""
