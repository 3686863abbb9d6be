"""The stations app API and the API base (permissions, pagination, viewsets) every app builds on."""
