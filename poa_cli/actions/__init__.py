"""What each command does, as plain functions over the domain and storage."""
