resource "azurerm_kubernetes_cluster" "public" { # fail: cluster
  name                = "aks-public"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "public"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

}

resource "azurerm_kubernetes_cluster" "world" {
  name                = "aks-world"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "world"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }


  api_server_access_profile {
    authorized_ip_ranges = ["0.0.0.0/0"] # fail: cluster
  }
}

