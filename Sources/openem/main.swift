print("openem")
