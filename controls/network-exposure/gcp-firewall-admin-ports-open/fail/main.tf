resource "google_compute_network" "vpc" {
  name                    = "apps"
  auto_create_subnetworks = false
}

resource "google_compute_firewall" "ssh" {
  name          = "allow-ssh"
  network       = google_compute_network.vpc.id
  source_ranges = ["0.0.0.0/0"] # fail: firewall
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "everything" {
  name          = "allow-everything"
  network       = google_compute_network.vpc.id
  direction     = "INGRESS"
  source_ranges = ["10.0.0.0/8", "::/0"] # fail: firewall
  allow {
    protocol = "tcp"
    ports    = ["0-65535"]
  }
}

resource "google_compute_firewall" "all_protocols" {
  name          = "allow-all"
  network       = google_compute_network.vpc.id
  source_ranges = ["0.0.0.0/0"] # fail: firewall
  source_tags   = ["bastion"]
  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "databases" {
  name          = "allow-db"
  network       = google_compute_network.vpc.id
  source_ranges = ["0.0.0.0/0"] # fail: firewall
  allow {
    protocol = "icmp"
  }
  allow {
    protocol = "tcp"
    ports    = ["5000-6000"]
  }
}

variable "admin_ranges" {
  type = list(string)
}

resource "google_compute_firewall" "rdp" {
  name          = "allow-rdp"
  network       = google_compute_network.vpc.id
  source_ranges = var.admin_ranges # unknown: firewall
  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }
}
