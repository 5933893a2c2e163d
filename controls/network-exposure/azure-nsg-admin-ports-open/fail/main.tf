resource "azurerm_network_security_group" "jumpbox" {
  name                = "nsg-jumpbox"
  location            = "westeurope"
  resource_group_name = "rg-network"

  security_rule {
    name                       = "https"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "ssh"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22-22"
    source_address_prefix      = "Internet" # fail: security-group
    destination_address_prefix = "*"
  }
}

# a port range over any protocol that covers RDP and the database ports
resource "azurerm_network_security_rule" "wide" {
  name                        = "allow-high-ports"
  priority                    = 200
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_ranges     = ["3000-6000", "8080"]
  source_address_prefixes     = ["10.0.0.0/8", "0.0.0.0/0"] # fail: security-rule
  destination_address_prefix  = "*"
  resource_group_name         = "rg-network"
  network_security_group_name = "nsg-app"
}

variable "admin_source" {
  type = string
}

resource "azurerm_network_security_rule" "rdp" {
  name                        = "rdp"
  priority                    = 300
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "3389"
  source_address_prefix       = var.admin_source # unknown: security-rule
  destination_address_prefix  = "*"
  resource_group_name         = "rg-network"
  network_security_group_name = "nsg-app"
}
