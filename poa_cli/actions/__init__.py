"""What each command does, as plain functions over domain and storage."""
